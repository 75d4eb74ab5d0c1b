/**
 * When the stage 10 client credentials need rotation. Both client certificates are issued for one year: the
 * talosconfig's by `talos_machine_secrets` (Talos `TalosAPIDefaultCertificateValidityDuration`, siderolabs/talos#7702)
 * and the kubeconfig's by Talos through `talos_cluster_kubeconfig`. The talos provider reissues each only during a
 * plan or apply of stage 10, and only inside its renewal window: 30 days for the talosconfig (terraform-provider-talos
 * #167, `talos_machine_secrets`) and `certificate_renewal_duration` (default 720h) for the kubeconfig. A stage 10
 * that is not applied in that window leaves both to expire. Reads only the certificate, never prints key material.
 */
import { X509Certificate } from 'crypto';
import { parse } from 'yaml';

/** Days before expiry in which the talos provider reissues both certificates (720h, its default window). */
export const RENEWAL_WINDOW_DAYS = 30;

/** Which stage 10 output a file is. */
export type ClientConfigKind = 'kubeconfig' | 'talosconfig';

/** The state of one client certificate. */
export interface CertificateStatus {
  readonly kind: ClientConfigKind;
  /** File it was read from. */
  readonly file: string;
  /** Certificate subject (e.g. `O=os:admin`), or empty when none was found. */
  readonly subject: string;
  /** Expiry, ISO 8601 UTC. */
  readonly notAfter: string;
  /** Whole days left (negative once expired). */
  readonly daysLeft: number;
  /** `ok`, `rotate` (inside the renewal window) or `expired`. */
  readonly status: 'ok' | 'rotate' | 'expired';
  /** What to do, in one sentence. */
  readonly action: string;
}

/** Reads the client certificate of a kubeconfig or talosconfig text and says whether it needs rotation at `now`. */
export function certificateStatus(kind: ClientConfigKind, file: string, text: string, now: Date): CertificateStatus {
  const pem = kind === 'kubeconfig' ? kubeconfigCertificate(text) : talosconfigCertificate(text);
  if (pem === undefined) {
    throw new Error(
      `${file}: no client certificate found (expected ${
        kind === 'kubeconfig' ? 'users[].user.client-certificate-data' : 'contexts.<context>.crt'
      }). Fix: pass the ${kind} written from stage 10's output (tofu output -raw ${kind}).`,
    );
  }
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pem);
  } catch (err) {
    throw new Error(`${file}: the client certificate does not parse: ${(err as Error).message}`);
  }
  const notAfter = new Date(cert.validTo);
  const daysLeft = Math.floor((notAfter.getTime() - now.getTime()) / 86_400_000);
  const status = daysLeft < 0 ? 'expired' : daysLeft <= RENEWAL_WINDOW_DAYS ? 'rotate' : 'ok';
  return {
    kind,
    file,
    subject: cert.subject.replace(/\n/g, ', '),
    notAfter: notAfter.toISOString(),
    daysLeft,
    status,
    action:
      status === 'ok'
        ? `valid for ${daysLeft} more days; apply stage 10 within the last ${RENEWAL_WINDOW_DAYS} days to renew it`
        : `${status === 'expired' ? 'expired' : `expires in ${daysLeft} days`}: rotate now (docs/runbooks/certificates.md)`,
  };
}

function kubeconfigCertificate(text: string): string | undefined {
  const doc = parse(text) as { users?: { user?: Record<string, unknown> | undefined }[] | undefined } | null;
  const data = doc?.users?.find((u) => typeof u.user?.['client-certificate-data'] === 'string')?.user?.[
    'client-certificate-data'
  ];
  return typeof data === 'string' ? Buffer.from(data, 'base64').toString('utf8') : undefined;
}

function talosconfigCertificate(text: string): string | undefined {
  const doc = parse(text) as {
    context?: string | undefined;
    contexts?: Record<string, { crt?: unknown }> | undefined;
  } | null;
  const contexts = doc?.contexts ?? {};
  const ctx = (doc?.context !== undefined ? contexts[doc.context] : undefined) ?? Object.values(contexts)[0];
  return typeof ctx?.crt === 'string' ? Buffer.from(ctx.crt, 'base64').toString('utf8') : undefined;
}
