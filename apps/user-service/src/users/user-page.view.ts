import { ApiProperty } from '@nestjs/swagger';
import { MAX_PAGE_SIZE, type Page } from '@app/pagination';
import { UserView } from './user.view';

/** One page of accounts (GET /users). */
export class UserPageView implements Page<UserView> {
  @ApiProperty({ type: [UserView], maxItems: MAX_PAGE_SIZE })
  items: UserView[];
  @ApiProperty({ example: 1 })
  page: number;
  @ApiProperty({ example: 20 })
  pageSize: number;
  @ApiProperty({ example: 42, description: 'Number of accounts matching the filters.' })
  total: number;
}
