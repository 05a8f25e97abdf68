import { describe, expect, it } from 'vitest';
import { renderPrometheus } from './prometheus-text.ts';

describe('renderPrometheus', () => {
  it('writes HELP, TYPE and one line per sample with escaped labels', () => {
    const text = renderPrometheus([
      {
        name: 'kanshi_uploads',
        help: 'SBOM uploads by status',
        type: 'gauge',
        samples: [
          { labels: { status: 'processed' }, value: 3 },
          { labels: { status: 'a"b\\c' }, value: 0 },
        ],
      },
      { name: 'kanshi_products', help: 'Products', type: 'gauge', samples: [{ value: 2 }] },
    ]);
    expect(text).toBe(
      [
        '# HELP kanshi_uploads SBOM uploads by status',
        '# TYPE kanshi_uploads gauge',
        'kanshi_uploads{status="processed"} 3',
        'kanshi_uploads{status="a\\"b\\\\c"} 0',
        '# HELP kanshi_products Products',
        '# TYPE kanshi_products gauge',
        'kanshi_products 2',
        '',
      ].join('\n'),
    );
  });
});
