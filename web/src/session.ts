// The API token lives in sessionStorage: gone when the tab closes, never in a URL or a cookie.
const KEY = 'kanshi.token';

export const session = {
  token: (): string | null => sessionStorage.getItem(KEY),
  set: (token: string): void => sessionStorage.setItem(KEY, token),
  clear: (): void => sessionStorage.removeItem(KEY),
};

/** Fired when the API refuses the token (401): the app shows the login form again. */
export const LOGGED_OUT = 'kanshi:logged-out';
