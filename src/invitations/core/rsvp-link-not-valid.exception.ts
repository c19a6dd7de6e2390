import { NotFoundException } from '@nestjs/common';

/** A link that is not one of ours, or names no invitation: one answer for both, so nothing leaks. */
export class RsvpLinkNotValidException extends NotFoundException {
  constructor() {
    super('This link is not valid. Please use the link in your latest Meetloop email.');
  }
}
