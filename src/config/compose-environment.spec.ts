import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getMetadataStorage } from 'class-validator';
import { parse } from 'yaml';
import { Environment } from './environment';
import { projectRoot } from '../common/project-root';

/** Every setting the app reads: the properties of Environment that carry a validation rule. */
const settings = new Set(
  getMetadataStorage()
    .getTargetValidationMetadatas(Environment, '', true, false)
    .map((m) => m.propertyName),
);

interface Service {
  image?: string;
  build?: unknown;
  environment?: Record<string, unknown>;
}

const compose = parse(readFileSync(join(projectRoot(), 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
};
const appServices = Object.entries(compose.services).filter(([, s]) => s.image === 'meetloop:latest');

describe('docker-compose.yml and the settings schema', () => {
  it('runs 2 web instances and 1 worker of the app image', () => {
    const roles = appServices.map(([, s]) => s.environment?.MEETLOOP_ROLE).sort();
    expect(roles).toEqual(['web', 'web', 'worker']);
  });

  it('sets only settings the app knows (a renamed or misspelt one would be ignored without a word)', () => {
    for (const [name, service] of appServices) {
      const unknown = Object.keys(service.environment ?? {}).filter((key) => !settings.has(key));
      expect({ service: name, unknown }).toEqual({ service: name, unknown: [] });
    }
  });

  it('gives every instance what production requires and what all instances must share', () => {
    const shared = ['NODE_ENV', 'DATABASE_URL', 'SMTP_URL', 'APP_SECRET', 'PUBLIC_URL', 'ADMIN_PASSWORD'];
    const values = appServices.map(([, s]) => shared.map((key) => s.environment?.[key]));
    for (const v of values) expect(v.every((x) => typeof x === 'string' && x.length > 0)).toBe(true);
    // One value for all: sessions, links and sealed outbox values made by one instance are read by another.
    expect(new Set(values.map((v) => JSON.stringify(v))).size).toBe(1);
  });
});
