import { z } from 'zod';

// The renderer's CSP forbids eval. Without this, zod probes for it with
// `new Function` (a CSP violation) the first time a schema is built.
// Imported first by the renderer entry and the preload, before any module
// that defines a schema.
z.config({ jitless: true });
