/** How many tests the plain suite has, and how many logins each runs: the bench's label says so too. */
export const PLAIN_TESTS = 40;
export const LOGINS_PER_TEST = 4;
