import { startServer } from '../src/server/main.js';
const s = await startServer({ host: '127.0.0.1', port: 5077, backendStoreUri: process.argv[2] ?? 'sqlite:///:memory:', defaultArtifactRoot: '/tmp/a', serveArtifacts: true });
console.log(s.url);
process.on('SIGTERM', () => s.close().then(() => process.exit(0)));
