import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { GatewayEnv } from '../config/gateway-env';
import { ContentAddressedStorage } from './content-addressed-storage';
import { noticeEmptyFilePart } from './empty-file-part';
import { DisplayController } from './display.controller';
import { UploadSizeMiddleware } from './upload-size.middleware';
import { UploadStore } from './upload-store';

/** Where uploads enter the service and are kept; imported by every module that accepts one. */
@Module({
  imports: [
    MulterModule.registerAsync({
      inject: [GatewayEnv],
      useFactory: (env: GatewayEnv) => ({
        storage: new ContentAddressedStorage(env.UPLOAD_DIR),
        // Not in multer's type definitions, but part of its options since 2.x.
        streamHandler: noticeEmptyFilePart,
        limits: {
          fileSize: env.MAX_UPLOAD_BYTES,
          files: 1,
          fields: 8,
          fieldSize: 8 * 1024,
          parts: 10,
        },
      }),
    }),
  ],
  controllers: [DisplayController],
  providers: [UploadStore, UploadSizeMiddleware],
  exports: [MulterModule, UploadStore, UploadSizeMiddleware],
})
export class UploadsModule {}
