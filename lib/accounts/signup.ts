import { z } from "zod";
import { db } from "../db";
import { hashPassword } from "../auth/password";

export const signUpSchema = z.object({
  name: z.string().trim().min(1, "Enter your name").max(100),
  email: z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address").max(200)),
  password: z.string().min(8, "Use at least 8 characters").max(200),
});
export type SignUpInput = z.infer<typeof signUpSchema>;

export class EmailTaken extends Error {
  constructor() {
    super("An account with this email already exists. Sign in instead.");
  }
}

/** A new student account. Emails are stored lower-cased, as sign-in looks them up. */
export async function signUp(input: SignUpInput) {
  const passwordHash = await hashPassword(input.password);
  try {
    return await db().user.create({
      data: { name: input.name, email: input.email, passwordHash, role: "STUDENT" },
      select: { id: true, email: true, name: true, role: true },
    });
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") throw new EmailTaken();
    throw error;
  }
}
