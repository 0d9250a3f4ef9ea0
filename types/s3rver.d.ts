declare module 's3rver' {
  type BucketConfig = { name: string; configs: Array<string | Buffer> };
  type Options = {
    address?: string; port?: number; directory: string; silent?: boolean; resetOnClose?: boolean;
    configureBuckets?: BucketConfig[];
  };
  export default class S3rver {
    constructor(options: Options);
    run(): Promise<{ address: string; port: number }>;
    close(): Promise<void>;
  }
}

declare module 's3rver/lib/models/account' {
  export const DUMMY_ACCOUNT: { createKeyPair(accessKeyId: string, secretAccessKey: string): void };
}
