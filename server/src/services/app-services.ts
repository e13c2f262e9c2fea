import type { Env } from '../config/env.js';
import type { Database } from '../db/client.js';
import type { PrismaClient } from '../generated/prisma/client.js';
import type { JwtVerifier } from '../providers/auth/jwt.js';
import type { PgEventTarget } from '../providers/pubsub/pg-event-target.js';
import type { FaceAnalyzer } from '../providers/faces/index.js';
import type { RunpodClient } from '../providers/runpod/index.js';
import type { Storage } from '../providers/storage/index.js';

/** Long-lived services of one process, created by a composition root and handed down. */
export interface AppServices {
  env: Env;
  db: PrismaClient;
  database: Database;
  jwt: JwtVerifier | null;
  /** Asset bytes: Supabase Storage or local disk. */
  storage: Storage;
  /** Serves signed local-storage URLs (null response when not a file route / not local storage). */
  files: ((request: Request) => Promise<Response | null>) | null;
  /** RunPod serverless (or the local GPU speaking its contract). */
  gpu: RunpodClient;
  /** Face detection + identity embedding (null when IDENTITY_SCORING=off). */
  faces: FaceAnalyzer | null;
  /** LISTEN/NOTIFY event bus shared by API and worker processes. */
  events: PgEventTarget;
  /** Base URL the outside world (browsers, RunPod webhooks) reaches this API at. */
  publicUrl: () => string;
  /** What the start-up check found for each GPU endpoint ('ok', or what to fix); empty until it answered. */
  gpuHealth: () => Partial<Record<string, string>>;
  /** The demo user's token in embedded mode (for /studio-session), else null. */
  devToken: () => string | null;
  log: (msg: string) => void;
}
