import request from 'supertest';
import { createTestApp, TestApp } from '../support/test-app';

describe('health', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('answers 200 with the database up', async () => {
    const res = await request(t.app.getHttpServer()).get('/health').expect(200);
    expect(res.body).toEqual({ status: 'ok', database: 'up' });
  });

  it('answers 503 when the database is unreachable', async () => {
    await t.db.destroy();
    const res = await request(t.app.getHttpServer()).get('/health').expect(503);
    expect(res.body).toEqual({ status: 'unavailable', database: 'down' });
    await t.db.initialize();
  });
});
