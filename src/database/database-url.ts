/** The URL of the database this app instance uses (external or embedded); injectable. */
export class DatabaseUrl {
  constructor(readonly url: string) {}
}
