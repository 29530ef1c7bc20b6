/**
 * The bearer token every request and hub connection of the benchmark carries: the administrator token the benchmark
 * started the server with, handed over in the environment (`GRIDPULSE_ADMIN_TOKEN`) rather than on the command line,
 * where other users of the machine could read it.
 */

/** @returns {string} the token; throws when the environment has none */
export function bearerToken() {
  const token = process.env.GRIDPULSE_ADMIN_TOKEN;
  if (!token) {
    throw new Error('GRIDPULSE_ADMIN_TOKEN is not set: the benchmark passes the token it started the server with');
  }

  return token;
}
