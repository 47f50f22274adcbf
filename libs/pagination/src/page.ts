import { DEFAULT_PAGE_SIZE, type PageParams } from './page-query';

/** One page of a list: the response envelope of every list endpoint (some add fields, e.g. `totalPages`). */
export interface Page<T> {
  items: T[];
  /** 1-based, as requested. */
  page: number;
  pageSize: number;
  /** Items matching the filters, over all pages. */
  total: number;
}

/** The page a validated query asks for, with the defaults applied, and how many items precede it. */
export interface PageWindow {
  page: number;
  pageSize: number;
  /** Items before this page: the database `skip`. */
  skip: number;
}

export function pageWindow(params: PageParams): PageWindow {
  const page = params.page ?? 1;
  const pageSize = params.pageSize ?? DEFAULT_PAGE_SIZE;
  return { page, pageSize, skip: (page - 1) * pageSize };
}

export function toPage<T>(items: T[], window: Pick<PageWindow, 'page' | 'pageSize'>, total: number): Page<T> {
  return { items, page: window.page, pageSize: window.pageSize, total };
}
