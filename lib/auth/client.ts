import { createAuthClient } from "better-auth/react";

// The browser half of better-auth: same-origin calls to /api/auth/*.
export const authClient = createAuthClient();
