import { z } from 'zod';

// The renderer runs under CSP `script-src 'self'`, without eval. Zod 4 probes `new Function` when
// it builds object schemas, which such a CSP reports as a violation; jitless mode skips the probe
// and parses without generated code. This must run before shared/ builds its schemas, so
// main.tsx imports this module first.
z.config({ jitless: true });
