import { EmailTaken, signUp, signUpSchema } from "@/lib/accounts/signup";
import { HttpError } from "@/lib/auth/session";
import { readJson, respond } from "@/app/_server/http";

export function POST(request: Request) {
  return respond(async () => {
    const input = await readJson(request, signUpSchema);
    const user = await signUp(input).catch((error) => {
      throw error instanceof EmailTaken ? new HttpError(409, error.message) : error;
    });
    return Response.json({ id: user.id, email: user.email, name: user.name }, { status: 201 });
  });
}
