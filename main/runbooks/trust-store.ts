import path from 'node:path';
import { Conflict, InvalidInput, Refused } from '../../shared/model/domain-errors';
import type { Runbook } from '../../shared/model/runbook';
import type { TrustReview, TrustStatus } from '../../shared/runbook/trust-model';
import type { SettingsStore } from '../settings/settings-store';
import type { RunbookGate } from '../steps/runbook-gate';
import type { EventDataInput } from '../../shared/model/timeline';

/** Writes an audit event; AppServices passes the timeline recorder's `record`. */
export type TrustAuditRecorder = (kind: 'runbook.trusted', data: EventDataInput<'runbook.trusted'>) => void;

export interface TrustStoreOptions {
  /** Who grants trust (the OS user). */
  actor: string;
  record?: TrustAuditRecorder;
  now?: () => Date;
}

/** What a grant did: the new status, and whether the timeline has it. */
export interface TrustGrant {
  trust: TrustStatus;
  recorded: boolean;
  /** Why it was not recorded, when it was not. */
  warning?: string;
}

/**
 * Trust decisions for runbooks, kept in the settings file and bound to each
 * file's content hash. Bundled runbooks are trusted; a runbook from a folder
 * the user added runs only after the user reviewed its commands and trusted
 * that exact content. Nothing in a runbook (front matter included) is read
 * to decide: only where it came from and what the user decided. This is the
 * RunbookGate the step runner asks before every run.
 */
export class TrustStore implements RunbookGate {
  constructor(
    private readonly settings: SettingsStore,
    private readonly options: TrustStoreOptions,
  ) {}

  status(runbook: Runbook): TrustStatus {
    if (runbook.origin === 'bundled') return { state: 'bundled' };
    const record = this.settings.current().trust[keyOf(runbook)];
    if (!record) return { state: 'untrusted' };
    const decided = { grantedAt: record.grantedAt, grantedBy: record.grantedBy, trustedHash: record.contentHash };
    return { state: record.contentHash === runbook.contentHash && runbook.contentHash !== '' ? 'trusted' : 'changed', ...decided };
  }

  /** What the user must read before trusting: every command with its lines, the params, the hash. */
  review(runbook: Runbook): TrustReview {
    return {
      runbookId: runbook.id,
      title: runbook.title,
      path: runbook.path,
      origin: runbook.origin,
      contentHash: runbook.contentHash,
      trust: this.status(runbook),
      commands: runbook.steps.map((step) => ({
        stepId: step.id,
        title: step.title,
        language: step.language,
        lineStart: step.lineStart,
        lineEnd: step.lineEnd,
        code: step.code,
        destructive: step.destructive,
        confirm: step.confirm,
        interactive: step.interactive,
        ...(step.cwd !== undefined ? { cwd: step.cwd } : {}),
        ...(step.shell !== undefined ? { shell: step.shell } : {}),
        ...(step.interpreter !== undefined ? { interpreter: step.interpreter } : {}),
        ...(step.background ? { background: true } : {}),
      })),
      params: runbook.params.map((param) => ({
        name: param.name,
        line: param.line,
        ...(param.default !== undefined ? { default: param.default } : {}),
        profileValues: Object.fromEntries(
          runbook.profiles.flatMap((profile) => (param.name in profile.values ? [[profile.name, profile.values[param.name]!]] : [])),
        ),
        secret: param.secret,
      })),
      errors: runbook.diagnostics.filter((diagnostic) => diagnostic.severity === 'error'),
    };
  }

  /**
   * Trusts the runbook as the user reviewed it. `reviewedHash` is the hash
   * the review showed; when the file changed in between, nothing is granted
   * and the user must review again.
   */
  grant(runbook: Runbook, reviewedHash: string): TrustGrant {
    if (runbook.origin === 'bundled') return { trust: { state: 'bundled' }, recorded: false, warning: 'Bundled runbooks are always trusted; nothing was recorded.' };
    if (!runbook.contentHash) {
      throw new Conflict(`Runbook "${runbook.title}" (${runbook.path}) could not be read, so there is nothing to trust.`);
    }
    if (reviewedHash !== runbook.contentHash) {
      throw new Conflict(
        `Runbook "${runbook.title}" (${runbook.path}) changed after you reviewed it. Review its commands again before trusting it.`,
      );
    }
    const grantedAt = (this.options.now?.() ?? new Date()).toISOString();
    this.settings.update((draft) => {
      draft.trust[keyOf(runbook)] = { contentHash: runbook.contentHash, grantedAt, grantedBy: this.options.actor };
    });
    const trust = this.status(runbook);
    return { trust, ...this.audit('runbook.trusted', runbook) };
  }

  /**
   * Withdraws trust; the runbook asks again before any step runs. Not put on
   * the timeline: it takes a capability away, and the next grant is recorded.
   */
  revoke(runbook: Runbook): TrustStatus {
    if (runbook.origin === 'bundled') {
      throw new InvalidInput(`Runbook "${runbook.title}" is bundled with Firebreak; its trust cannot be withdrawn.`);
    }
    const key = keyOf(runbook);
    if (this.settings.current().trust[key]) {
      this.settings.update((draft) => {
        delete draft.trust[key];
      });
    }
    return this.status(runbook);
  }

  assertRunnable(runbook: Runbook): void {
    const errors = runbook.diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
    if (errors.length > 0) {
      const first = errors[0]!;
      throw new Refused(
        `Runbook "${runbook.title}" (${runbook.path}) has ${errors.length} error${errors.length === 1 ? '' : 's'} (first, line ${first.line}: ${first.message}). No step runs until they are fixed; "firebreak lint ${runbook.path}" lists them.`,
      );
    }
    const status = this.status(runbook);
    if (status.state === 'bundled' || status.state === 'trusted') return;
    if (status.state === 'changed') {
      throw new Refused(
        `Runbook "${runbook.title}" (${runbook.path}) changed since ${status.grantedBy ?? 'you'} trusted it on ${status.grantedAt ?? 'an earlier date'}. Review its commands again and trust this version before any step runs.`,
      );
    }
    throw new Refused(
      `Runbook "${runbook.title}" (${runbook.path}) comes from a folder you added and is not trusted yet. Review its commands and trust it before any step runs.`,
    );
  }

  private audit(kind: 'runbook.trusted', runbook: Runbook): { recorded: boolean; warning?: string } {
    if (!this.options.record) return { recorded: false, warning: 'No timeline is open, so this decision is only in the settings file.' };
    try {
      this.options.record(kind, {
        runbookId: runbook.id,
        runbookTitle: runbook.title,
        path: runbook.path,
        contentHash: runbook.contentHash,
        commandCount: runbook.steps.length,
      });
      return { recorded: true };
    } catch (error) {
      return { recorded: false, warning: `The decision is saved but not on the timeline: ${(error as Error).message}` };
    }
  }
}

function keyOf(runbook: Runbook): string {
  return path.resolve(runbook.path);
}
