import { UploadedFile } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { diskStorage } from 'multer';
import { tmpdir } from 'node:os';

export const MAX_CSV_BYTES = 1024 * 1024 * 1024;

/**
 * Multipart upload of one CSV file (field `file`) to a temp file: a million-row
 * export is ~100 MB, too much to hold in memory, and the import streams it anyway.
 */
export const csvUpload = () =>
  FileInterceptor('file', {
    storage: diskStorage({ destination: tmpdir() }),
    limits: { fileSize: MAX_CSV_BYTES, files: 1 },
  });

export const UploadedCsv = () => UploadedFile();
