import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import type { MulterModuleOptions } from '@nestjs/platform-express';
import type { Request } from 'express';
import { GatewayEnv } from '../config/gateway-env';
import { ContentAddressedStorage } from './content-addressed-storage';
import { noticeEmptyFilePart } from './empty-file-part';
import { DisplayController } from './display.controller';
import { UploadSizeMiddleware } from './upload-size.middleware';
import { UploadStore } from './upload-store';

const isBatch = (request: Request) => request.method === 'POST' && request.path === '/moderations';

/** Where uploads enter the service and are kept; imported by every module that accepts one. */
@Module({
  imports: [
    MulterModule.registerAsync({
      inject: [GatewayEnv],
      useFactory: (env: GatewayEnv) => ({
        storage: new ContentAddressedStorage(env.UPLOAD_DIR),
        // Not in multer's type definitions, but part of its options since 2.x.
        streamHandler: noticeEmptyFilePart,
        // One photo per request, except a batch (`POST /moderations`): its photos, a reference
        // each, a model and a callback URL. A function of the request is part of multer's
        // options since 2.4, not of its type definitions.
        limits: ((request: Request) => {
          const files = isBatch(request) ? env.MAX_BATCH_FILES : 1;
          return {
            fileSize: env.MAX_UPLOAD_BYTES,
            files,
            fields: files + 8,
            fieldSize: 8 * 1024,
            parts: 2 * files + 8,
          };
        }) as unknown as MulterModuleOptions['limits'],
      }),
    }),
  ],
  controllers: [DisplayController],
  providers: [UploadStore, UploadSizeMiddleware],
  exports: [MulterModule, UploadStore, UploadSizeMiddleware],
})
export class UploadsModule {}
