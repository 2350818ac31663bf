/** What writing needs of a file: a `FileHandle` is one. */
export interface VectorWritable {
  writev(buffers: Buffer[]): Promise<{ bytesWritten: number }>;
}

/**
 * Writes the pieces to the file in order with as few system calls as the kernel allows: one
 * `writev` for a whole review photo, where `writeFile` on the joined bytes writes 512 KB at a time.
 * A write may take fewer bytes than asked; what it left is written again until nothing is.
 */
export async function writeAll(file: VectorWritable, chunks: readonly Buffer[]): Promise<void> {
  let left = chunks.filter((chunk) => chunk.length > 0);
  while (left.length > 0) {
    let { bytesWritten } = await file.writev(left);
    if (bytesWritten === 0) throw new Error('the file took none of the bytes written to it');
    const rest: Buffer[] = [];
    for (const chunk of left) {
      if (bytesWritten >= chunk.length) bytesWritten -= chunk.length;
      else {
        rest.push(chunk.subarray(bytesWritten));
        bytesWritten = 0;
      }
    }
    left = rest;
  }
}
