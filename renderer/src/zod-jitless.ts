import { z } from 'zod';

// The CSP forbids eval. Without this, zod probes for it with `new Function`
// (a CSP violation) the first time a schema is built. Imported first in
// main.tsx so it runs before any module that defines a schema.
z.config({ jitless: true });
