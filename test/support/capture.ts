import { Writable } from 'node:stream';

/** A writable that keeps what a command prints, for asserting on CLI output. */
export class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}
