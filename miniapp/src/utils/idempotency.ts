/**
 * A key for one user intent (one tap on 兑换). Kept until the server answers, so a retry after a
 * lost answer repeats the same redeem instead of making a second one. Not a secret: the server
 * scopes keys per rider.
 */
export function newIdempotencyKey(): string {
  const random = () =>
    Math.floor(Math.random() * 36 ** 6)
      .toString(36)
      .padStart(6, '0');
  return `r${Date.now().toString(36)}${random()}${random()}`;
}
