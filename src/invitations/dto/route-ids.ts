import { BadRequestException, Injectable, PipeTransform } from '@nestjs/common';
import { MeetupNotFoundException } from '../../meetups/meetup-not-found.exception';

const INT_MAX = 2_147_483_647;

/**
 * A meetup id from the path: digits, or 400; digits past the integer column's range name no meetup,
 * so 404 — never the database's "out of range" error as a 500.
 */
@Injectable()
export class MeetupIdPipe implements PipeTransform<unknown, number> {
  // The global ValidationPipe runs first and has already turned the text into a number (NaN for "abc").
  transform(raw: unknown): number {
    const value = String(raw);
    if (!/^\d{1,12}$/.test(value)) throw new BadRequestException(`"${value.slice(0, 40)}" is not a meetup id.`);
    const id = Number(value);
    if (id < 1 || id > INT_MAX) throw new MeetupNotFoundException(value);
    return id;
  }
}

/** A member or invitation id (bigint) from the path, kept as a string; 400 unless digits. */
@Injectable()
export class BigIdPipe implements PipeTransform<unknown, string> {
  transform(raw: unknown): string {
    const value = String(raw);
    if (!/^\d{1,18}$/.test(value)) throw new BadRequestException(`"${value.slice(0, 40)}" is not an id.`);
    return value;
  }
}
