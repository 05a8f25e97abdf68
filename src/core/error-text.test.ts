import { describe, expect, it } from 'vitest';
import { errorReason, safeErrorText, withoutValues } from './error-text.ts';
import { jsonProblems } from './json-guard.ts';
import { serializeError } from './error-serializer.ts';

describe('safeErrorText', () => {
  it.each([
    ['plain text stays', 'no such product', 'no such product'],
    ['NUL and other controls become U+FFFD', 'a\u0000b\u001bc\u0085d', 'a\ufffdb\ufffdc\ufffdd'],
    ['tabs and newlines stay', 'a\tb\nc', 'a\tb\nc'],
    ['a lone surrogate becomes U+FFFD, a pair stays', 'x\ud800y\udc00z😀', 'x\ufffdy\ufffdz😀'],
    ['long text is cut, saying how much', 'a'.repeat(1_005), `${'a'.repeat(1_000)}… (5 more characters)`],
  ])('%s', (_name, input, expected) => {
    expect(safeErrorText(input)).toBe(expected);
  });
});

describe('withoutValues', () => {
  it.each([
    ['drizzle parameters', 'Failed query: insert into x values ($1)\nparams: secret,more', 'Failed query: insert into x values ($1)\nparams: [not shown]'],
    ['a value Postgres quotes at the end', 'invalid input syntax for type integer: "secret"', 'invalid input syntax for type integer: "[value not shown]"'],
    ['a key value in a detail', 'Key (lower(name))=(secret (x)) already exists.', 'Key (lower(name))=([value not shown]) already exists.'],
    ['names quoted mid-sentence stay', 'relation "components" does not exist', 'relation "components" does not exist'],
  ])('%s', (_name, input, expected) => {
    expect(withoutValues(input)).toBe(expected);
  });
});

describe('errorReason', () => {
  it('prefers the driver error drizzle wrapped, and never quotes the parameters', () => {
    const wrapped = Object.assign(new Error('Failed query: insert …\nparams: secret'), {
      params: ['secret'],
      cause: new Error('invalid byte sequence for encoding "UTF8": 0x00'),
    });
    expect(errorReason(wrapped)).toBe('invalid byte sequence for encoding "UTF8": 0x00');
    expect(errorReason('thrown text')).toBe('thrown text');
  });
});

describe('serializeError', () => {
  it('keeps what says what went wrong, and no data', () => {
    const cause = Object.assign(new Error('duplicate key value violates unique constraint "products_name_uq"'), {
      code: '23505',
      detail: 'Key (name)=(secret) already exists.',
      rows: ['secret'],
    });
    const e = Object.assign(new Error('Failed query: insert into products\nparams: secret'), { query: 'insert into products', params: ['secret'], cause });
    const out = serializeError(e);
    expect(JSON.stringify(out)).not.toContain('secret');
    expect(out).toMatchObject({
      type: 'Error',
      query: 'insert into products',
      cause: { code: '23505', detail: 'Key (name)=([value not shown]) already exists.' },
    });
  });

  it('cuts stacks and follows causes only so far', () => {
    let e: Error = new Error('root');
    for (let i = 0; i < 10; i++) e = new Error(`level ${i}`, { cause: e });
    const out = JSON.stringify(serializeError(e));
    expect(out).toContain('level 6');
    expect(out).not.toContain('level 5');
  });
});

describe('jsonProblems', () => {
  const deep = (n: number): unknown => {
    let v: unknown = 'leaf';
    for (let i = 0; i < n; i++) v = [v];
    return v;
  };
  it.each([
    ['a clean value', { a: [1, 'x', { b: null }] }, []],
    ['NUL in a string', { a: ['x', 'y\u0000'] }, [{ path: '/a/1', message: expect.stringContaining('NUL') }]],
    ['NUL in a key, escaped in the path', { 'a/b\u0000': 1 }, [{ path: '/a~1b\\u0000', message: expect.stringContaining('key') }]],
    ['nesting past the limit', deep(20), [{ path: `/${'0/'.repeat(9)}0`, message: 'nested deeper than 10 levels' }]],
    ['100,000 levels, without overflowing the stack', deep(100_000), [expect.objectContaining({ message: 'nested deeper than 10 levels' })]],
  ])('%s', (_name, value, expected) => {
    expect(jsonProblems(value, { maxDepth: 10 })).toEqual(expected);
  });

  it('prefixes paths and stops at maxProblems', () => {
    const problems = jsonProblems(
      Array.from({ length: 50 }, () => '\u0000'),
      { maxDepth: 10, prefix: 'body', maxProblems: 3 },
    );
    expect(problems.map((p) => p.path)).toEqual(['body/0', 'body/1', 'body/2']);
  });
});
