import { pageWindow, toPage } from './page';

describe('pageWindow', () => {
  it('defaults to the first page of 20', () => {
    expect(pageWindow({})).toEqual({ page: 1, pageSize: 20, skip: 0 });
  });

  it('skips the items of the earlier pages', () => {
    expect(pageWindow({ page: 3, pageSize: 25 })).toEqual({ page: 3, pageSize: 25, skip: 50 });
    expect(pageWindow({ page: 2 })).toEqual({ page: 2, pageSize: 20, skip: 20 });
  });
});

describe('toPage', () => {
  it('is the envelope every list endpoint answers with, in this member order', () => {
    const page = toPage(['a', 'b'], pageWindow({ page: 2, pageSize: 2 }), 5);
    expect(page).toEqual({ items: ['a', 'b'], page: 2, pageSize: 2, total: 5 });
    expect(Object.keys(page)).toEqual(['items', 'page', 'pageSize', 'total']);
  });
});
