import { hostname } from 'node:os';

/** A worker's identity in Temporal and in stored answers: host, pid and device. */
export function workerIdentity(device: string, role: 'inference' | 'light'): string {
  return `vqa-eval-${role}@${hostname()}/pid-${process.pid}/${device}`;
}
