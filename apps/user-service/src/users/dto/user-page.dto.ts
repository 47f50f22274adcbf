import { ApiProperty } from '@nestjs/swagger';
import { UserView } from '../user.view';

export class UserPageDto {
  @ApiProperty({ type: [UserView] })
  items: UserView[];
  @ApiProperty({ example: 1 })
  page: number;
  @ApiProperty({ example: 20 })
  pageSize: number;
  @ApiProperty({ example: 42, description: 'Number of accounts matching the filters.' })
  total: number;
}
