import { HttpException } from '@nestjs/common';
import { refusalsOf } from '../../common/form-check';
import { isMessage, Params, StringKey } from '../../common/strings';

/**
 * A service's refusal as the key and parameters of its text, for flashAndRedirect. Our services refuse
 * with an ErrorText (a message); anything else (a validation text) falls back to the generic "did not work".
 */
export function refusalOf(error: HttpException): { key: StringKey; params?: Params } {
  const shown = refusalsOf(error)[0]?.shown;
  return isMessage(shown) ? { key: shown.key as StringKey, params: shown.params } : { key: 'error400' };
}
