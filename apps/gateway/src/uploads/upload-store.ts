import { constants } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { access, link, mkdir, open, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { Request } from 'express';
import { isStoredName } from '@moderation/contracts';
import { GatewayEnv } from '../config/gateway-env';
import {
  EmptyFileError,
  NoFilePartError,
  NoImageSelectedError,
  UnsupportedImageTypeError,
} from '../errors/gateway-errors';
import type { HashedFile } from './content-addressed-storage';
import { writeAll } from './write-all';
import { sawEmptyFilePart } from './empty-file-part';

/** An upload kept in the upload folder under its content name. */
export interface StoredUpload {
  /** SHA-256 of the bytes plus the extension of their real type, e.g. `9f86…08.jpg`. */
  storedName: string;
  sha256: string;
  size: number;
  /** These bytes were not stored before this request (so no earlier prediction of them exists). */
  firstSeen: boolean;
}

export type ReceivedFile = Express.Multer.File & HashedFile;

/**
 * Keeps uploads under a name made from their SHA-256 and real image type. The name never comes
 * from the client, and a stored file is never overwritten: the same bytes map to the same name.
 */
@Injectable()
export class UploadStore implements OnModuleInit {
  constructor(private readonly env: GatewayEnv) {}

  async onModuleInit(): Promise<void> {
    await mkdir(this.env.UPLOAD_DIR, { recursive: true });
  }

  /** Checks a received file and commits it under its content name; a temporary file goes either way. */
  async keep(file: ReceivedFile | undefined, request: Request): Promise<StoredUpload> {
    if (!file) throw sawEmptyFilePart(request) ? new NoImageSelectedError() : new NoFilePartError();
    try {
      if (!file.originalname) throw new NoImageSelectedError();
      if (file.size === 0) throw new EmptyFileError();
      if (!file.imageType) throw new UnsupportedImageTypeError();
      const storedName = `${file.sha256}.${file.imageType}`;
      let firstSeen = false;
      if (file.path) firstSeen = await this.commit(file.path, storedName);
      // A repeated photo, the common case, costs one look at the disk and no write.
      else if (file.chunks && !(await this.exists(storedName))) {
        firstSeen = await this.storeChunks(file.chunks, storedName);
      }
      return { storedName, sha256: file.sha256, size: file.size, firstSeen };
    } finally {
      // The request may now wait tens of milliseconds for its answer. Bytes held that long
      // survive young-generation collections into the old one, where they wait for a rare full
      // collection: at one connection the gateway grew by 60 MB of such buffers. Let them go now.
      file.chunks = undefined;
      if (file.path) await unlink(file.path).catch(() => undefined);
    }
  }

  /**
   * Links a complete temporary file under its content name; false when it was already stored. A
   * link is atomic: the content name never points at a partly written file.
   */
  private async commit(temporary: string, storedName: string): Promise<boolean> {
    try {
      await link(temporary, this.path(storedName));
      return true;
    } catch (error) {
      // Already stored: same name, same bytes.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      return false;
    }
  }

  private async storeChunks(chunks: Buffer[], storedName: string): Promise<boolean> {
    const temporary = join(this.env.UPLOAD_DIR, `.upload-${randomUUID()}`);
    try {
      const file = await open(temporary, 'wx', 0o640);
      try {
        await writeAll(file, chunks);
      } finally {
        await file.close();
      }
      return await this.commit(temporary, storedName);
    } finally {
      await unlink(temporary).catch(() => undefined);
    }
  }

  private exists(storedName: string): Promise<boolean> {
    return access(this.path(storedName), constants.R_OK).then(
      () => true,
      () => false,
    );
  }

  /** An upload stored earlier, by its content name; undefined when there is none. */
  async find(storedName: string): Promise<StoredUpload | undefined> {
    if (!(await this.has(storedName))) return undefined;
    const { size } = await stat(this.path(storedName));
    return {
      storedName,
      sha256: storedName.slice(0, storedName.indexOf('.')),
      size,
      firstSeen: false,
    };
  }

  /** Whether a name is one this service stored (and the file is still there). */
  async has(storedName: string): Promise<boolean> {
    return isStoredName(storedName) && this.exists(storedName);
  }

  path(storedName: string): string {
    return join(this.env.UPLOAD_DIR, storedName);
  }
}
