import { describe, expect, it } from 'vitest';
import { ContractFailure } from '../../shared/ipc/envelope';
import { Conflict, INCIDENT_RESOLVED, InvalidInput, NotFound, Refused, Unavailable, type DomainError } from '../../shared/model/domain-errors';
import { ContractRouter, type ContractHandlers } from './contract-router';

const context = { transport: 'browser' as const, clientId: 'test' };

function routerWith(overrides: Partial<ContractHandlers>, reported: unknown[] = []): ContractRouter {
  const unexpected = () => {
    throw new Error('not under test');
  };
  const handlers = new Proxy(overrides, {
    get: (target, key: string) => (target as Record<string, unknown>)[key] ?? unexpected,
  }) as ContractHandlers;
  return new ContractRouter(handlers, (_channel, error) => reported.push(error));
}

describe('ContractRouter', () => {
  it('validates the payload before the handler runs', async () => {
    let called = false;
    const router = routerWith({
      'terminal:resize': () => {
        called = true;
        return {};
      },
    });
    const result = await router.dispatch('terminal:resize', { sessionId: 's', cols: 'wide', rows: 10 }, context);
    expect(called).toBe(false);
    expect(result).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(result.ok ? '' : result.error.details?.join()).toContain('cols');
  });

  it('refuses unknown channels and extra fields', async () => {
    const router = routerWith({});
    expect(await router.dispatch('shell:exec', {}, context)).toMatchObject({ ok: false, error: { code: 'bad_request', message: 'Unknown channel "shell:exec".' } });
    expect(await router.dispatch('__proto__', {}, context)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await router.dispatch('runbooks:list', { sneaky: true }, context)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });

  it('fills defaults and passes the parsed request to the handler', async () => {
    const router = routerWith({ 'timeline:list': (request) => [request as never] });
    const result = await router.dispatch('timeline:list', { incidentId: 'i' }, context);
    expect(result).toEqual({ ok: true, value: [{ incidentId: 'i', afterSeq: 0, limit: 1000 }] });
  });

  it('maps a ContractFailure to its code and anything else to internal, never throwing', async () => {
    const reported: unknown[] = [];
    const router = routerWith(
      {
        'runbooks:get': () => {
          throw new ContractFailure('not_found', 'No runbook with id "x".');
        },
        'runbooks:list': () => {
          throw new TypeError('boom');
        },
      },
      reported,
    );
    expect(await router.dispatch('runbooks:get', { id: 'x' }, context)).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'No runbook with id "x".' },
    });
    expect(await router.dispatch('runbooks:list', {}, context)).toEqual({
      ok: false,
      error: { code: 'internal', message: 'runbooks:list failed: boom' },
    });
    expect(reported).toHaveLength(1);
  });

  it.each([
    [new InvalidInput('The params are not valid: PGHOST is required.', ['PGHOST: Required']), 'bad_request'],
    [new Refused('Runbook "x" is not trusted.'), 'forbidden'],
    [new NotFound('There is no runbook "x".'), 'not_found'],
    [new Conflict('This incident is resolved.', [INCIDENT_RESOLVED]), 'conflict'],
    [new Unavailable('The incident database is unavailable.'), 'unavailable'],
  ] as [DomainError, string][])('maps the domain error %s to the contract code %s, keeping message and details', async (thrown, code) => {
    const reported: unknown[] = [];
    const router = routerWith(
      {
        'runbooks:get': () => {
          throw thrown;
        },
      },
      reported,
    );
    expect(await router.dispatch('runbooks:get', { id: 'x' }, context)).toEqual({
      ok: false,
      error: { code, message: thrown.message, ...(thrown.details ? { details: [...thrown.details] } : {}) },
    });
    // A domain error is an answer, not a fault: it is not reported as internal.
    expect(reported).toEqual([]);
  });

  it('keeps the detail the renderer acts on when a step is refused for a resolved incident', async () => {
    const router = routerWith({
      'runbooks:get': () => {
        throw new Conflict('This incident is resolved: reopen it.', [INCIDENT_RESOLVED]);
      },
    });
    const result = await router.dispatch('runbooks:get', { id: 'x' }, context);
    expect(result.ok ? [] : result.error.details).toEqual(['incident-resolved']);
  });
});
