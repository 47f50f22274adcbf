import { ApiProperty } from '@nestjs/swagger';
import { UserView } from '../user.view';
import { MAX_PAGE_SIZE } from './list-users.query';

export class UserPageDto {
  @ApiProperty({ type: [UserView], maxItems: MAX_PAGE_SIZE })
  items: UserView[];
  @ApiProperty({ example: 1 })
  page: number;
  @ApiProperty({ example: 20 })
  pageSize: number;
  @ApiProperty({ example: 42, description: 'Number of accounts matching the filters.' })
  total: number;
}
