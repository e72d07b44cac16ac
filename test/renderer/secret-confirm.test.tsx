// @vitest-environment happy-dom
// Changing the Redis URL moves where new memories go: Settings asks first, and the request it sends
// says so. The contract refuses a Redis URL change that does not (checked against the real schema).
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ipcContract, type KeelApi } from '../../shared/ipc';
import type { SecretsView } from '../../shared/settings';
import { createKeelClient } from '../../renderer/src/api/client';
import { ClientProvider } from '../../renderer/src/api/context';
import { SecretField } from '../../renderer/src/views/settings/SecretField';

const secrets: SecretsView = {
  backend: 'memory',
  backendDetail: 'memory',
  geminiApiKey: { set: false, source: 'none' },
  redisUrl: { set: false, source: 'none' },
};

function renderField(confirm?: { question: string; action: string }) {
  const calls: Array<{ channel: string; request: unknown }> = [];
  const api: KeelApi = {
    async invoke(channel, request) {
      calls.push({ channel, request });
      return {
        ok: true,
        value: { ...secrets, redisUrl: { set: true, source: 'keychain' } },
      } as never;
    },
    host: async () => undefined,
    on: () => () => undefined,
  };
  render(
    <ClientProvider client={createKeelClient(api)}>
      <SecretField
        name="redisUrl"
        label="Redis URL"
        placeholder="redis://localhost:6379"
        secrets={secrets}
        onSecrets={() => undefined}
        confirm={confirm}
      />
    </ClientProvider>,
  );
  const input = screen.getByLabelText('Redis URL');
  fireEvent.change(input, { target: { value: 'redis://db.example:6379' } });
  return { calls, input };
}

const QUESTION = { question: 'New memories will be kept in this Redis.', action: 'Use this Redis' };

afterEach(cleanup);

describe('Redis URL confirmation', () => {
  it('asks before saving and sends the confirmation with the request', async () => {
    const { calls } = renderField(QUESTION);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    });
    expect(calls).toEqual([]);
    const confirm = screen.getByRole('button', { name: 'Use this Redis' });
    expect(screen.getByRole('group', { name: QUESTION.question })).toBeTruthy();
    expect(document.activeElement).toBe(confirm);
    await act(async () => {
      fireEvent.click(confirm);
    });
    expect(calls).toEqual([
      {
        channel: 'secrets:set',
        request: { name: 'redisUrl', value: 'redis://db.example:6379', confirmed: true },
      },
    ]);
  });

  it('saves nothing when the person cancels', async () => {
    const { calls, input } = renderField(QUESTION);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    });
    expect(calls).toEqual([]);
    expect(screen.queryByRole('button', { name: 'Use this Redis' })).toBeNull();
    expect(document.activeElement).toBe(input);
  });

  it('the contract refuses a Redis URL change without the confirmation', () => {
    const schema = ipcContract['secrets:set'].request;
    expect(schema.safeParse({ name: 'redisUrl', value: 'redis://x:6379' }).success).toBe(false);
    expect(
      schema.safeParse({ name: 'redisUrl', value: 'redis://x:6379', confirmed: true }).success,
    ).toBe(true);
    expect(schema.safeParse({ name: 'geminiApiKey', value: 'AIzaKey' }).success).toBe(true);
  });
});
