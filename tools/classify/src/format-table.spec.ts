import { formatTable } from './format-table';

describe('formatTable', () => {
  it('aligns columns to their widest cell', () => {
    expect(
      formatTable(
        ['image', 'class'],
        [
          ['cat.png', 'Neutral'],
          ['a.jpg', 'Drawing'],
        ],
      ),
    ).toBe('image    class\n' + '-------  -------\n' + 'cat.png  Neutral\n' + 'a.jpg    Drawing\n');
  });
});
