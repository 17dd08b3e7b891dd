import { describeHits, privacyHits } from './privacy.js';

// Runs after each test file's own hooks (registered first, so it runs last): a full phone or ID
// number in any response body or log line of the file fails it, saying where.
afterAll(() => {
  const hits = privacyHits().splice(0);
  if (hits.length > 0) {
    throw new Error(
      `Privacy audit: ${hits.length} full phone/ID number(s) in what the server sent or logged:\n${describeHits(hits)}`,
    );
  }
});
