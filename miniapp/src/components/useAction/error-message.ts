// Apart from the hook so that code which only words an error (NearestStation) does not import
// Notice and its stylesheet: the order of shared stylesheets must be the same in every page, or
// webpack's CSS extraction warns about conflicting order.
import { ApiError } from '../../services/api';
import { LocationError } from '../../services/location';
import { PrivacyDeniedError } from '../../services/privacy';

/**
 * The words to show for a failure. Our own errors (API, location, privacy) carry a Chinese
 * message meant for the rider; anything else is a bug or a platform message in English, so the
 * page's fallback is shown instead.
 */
export function errorMessage(err: unknown, fallback: string): string {
  if (err instanceof ApiError || err instanceof LocationError || err instanceof PrivacyDeniedError) {
    return err.message;
  }
  return fallback;
}
