import {
  ArgumentMetadata,
  BadRequestException,
  HttpException,
  Injectable,
  NotFoundException,
  Optional,
  PipeTransform,
} from '@nestjs/common';
import { MAX_INTEGER as MAX_ID } from './field-rules';

/**
 * A row id from the path or query. Nest's ParseIntPipe lets 99999999999 through, and PostgreSQL
 * then refuses it as out of range for `integer` — a 500. Here what is not a whole number is a 400
 * naming the parameter, and a whole number no row can have (0, or beyond `integer`) is a 404, as
 * for any id that does not exist.
 */
@Injectable()
export class IdPipe implements PipeTransform<unknown, number | undefined> {
  // @Optional: used as a class in @Param('id', IdPipe), Nest builds it and has nothing to inject here.
  constructor(@Optional() private readonly options: { optional?: boolean } = {}) {}

  transform(raw: unknown, metadata: ArgumentMetadata): number | undefined {
    if ((raw === undefined || raw === '') && this.options.optional) return undefined;
    // The global ValidationPipe may already have made a number of it (NaN for "abc"): read it as text again.
    const value = String(raw);
    const name = metadata.data ?? 'id';
    if (!/^[0-9]+$/.test(value)) throw new BadRequestException(`${name} must be a whole number.`);
    const id = Number(value);
    if (id < 1 || id > MAX_ID) throw this.notFound(value, name);
    return id;
  }

  /** The 404 for a whole number no row can have; a route that knows what it names says so. */
  protected notFound(value: string, name: string): HttpException {
    return new NotFoundException(`Nothing here has ${name} ${value}.`);
  }
}

/** A `bigint` id (members, invitations), kept as a string: 1–18 digits, or a 400 naming the parameter. */
@Injectable()
export class BigIdPipe implements PipeTransform<unknown, string> {
  transform(raw: unknown, metadata: ArgumentMetadata): string {
    const value = String(raw);
    if (!/^[0-9]{1,18}$/.test(value)) throw new BadRequestException(`${metadata.data ?? 'id'} must be a whole number.`);
    return value;
  }
}
