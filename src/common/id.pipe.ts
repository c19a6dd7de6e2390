import {
  ArgumentMetadata,
  BadRequestException,
  Injectable,
  NotFoundException,
  Optional,
  PipeTransform,
} from '@nestjs/common';

/** The largest value of a PostgreSQL `integer`, the type of the ids these routes take. */
const MAX_ID = 2_147_483_647;

/**
 * A row id from the path or query. Nest's ParseIntPipe lets 99999999999 through, and PostgreSQL
 * then refuses it as out of range for `integer` — a 500. Here what is not a whole number is a 400
 * naming the parameter, and a whole number no row can have (0, or beyond `integer`) is a 404, as
 * for any id that does not exist.
 */
@Injectable()
export class IdPipe implements PipeTransform<string | undefined, number | undefined> {
  // @Optional: used as a class in @Param('id', IdPipe), Nest builds it and has nothing to inject here.
  constructor(@Optional() private readonly options: { optional?: boolean } = {}) {}

  transform(value: string | undefined, metadata: ArgumentMetadata): number | undefined {
    if ((value === undefined || value === '') && this.options.optional) return undefined;
    const name = metadata.data ?? 'id';
    if (!/^[0-9]+$/.test(value ?? '')) throw new BadRequestException(`${name} must be a whole number.`);
    const id = Number(value);
    if (id < 1 || id > MAX_ID) throw new NotFoundException(`Nothing here has ${name} ${value}.`);
    return id;
  }
}
