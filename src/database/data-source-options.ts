import { Logger } from '@nestjs/common';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/** Migrations sit beside `src/` both in the source tree and in `dist/`. */
const MIGRATIONS = join(__dirname, '..', '..', 'migrations', '*.{ts,js}');

const logger = new Logger('Database');

/**
 * A connection that always has someone listening for its errors. When PostgreSQL stops (a restart, a
 * failover), it tells every session so, and the socket then closes: two errors. The pool and TypeORM each
 * listen at times, but a connection between their listeners (TypeORM already gave it back after the first
 * error) emitted the second with nobody listening, and Node ended the whole process — a restart of the
 * database took web instances down with it. The pool still drops the broken connection as before.
 */
class ListenedClient extends Client {
  constructor(config?: ConstructorParameters<typeof Client>[0]) {
    super(config);
    this.on('error', (error: Error) => logger.debug(`a database connection ended: ${error.message}`));
  }
}

export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: [MIGRATIONS],
    migrationsTableName: 'migrations',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    extra: { max: poolSize, application_name: 'meetloop', Client: ListenedClient },
  };
}
