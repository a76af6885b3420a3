import { AGS_SCOPES } from "../../lib/contracts/lti";
import { db } from "../../lib/db";
import { accessToken, dropTokens, send, ServiceError } from "../../lib/lti/token";

/**
 * Delivers the score a LtiScorePublish row owes to its line item (AGS 2.0 §3.4, POST {lineitem}/scores).
 * The row is locked for the delivery, so two workers never post one student's scores out of
 * order; a score already delivered (or older than the one delivered) is not sent again.
 */
export type Delivery = "sent" | "already-sent";

/** `{lineitem}/scores`, the query string (if any) kept after the path (AGS 2.0 §3.4.1). */
export function scoresUrl(lineItem: string): string {
  const url = new URL(lineItem);
  url.pathname = `${url.pathname.replace(/\/+$/, "")}/scores`;
  return url.href;
}

export async function deliverScore(publishId: string): Promise<Delivery> {
  // A failure is recorded in the transaction and thrown after it commits (the job retries or gives up).
  const outcome = await db().$transaction(
    async (tx) => {
      const [row] = await tx.$queryRaw<
        { id: string }[]
      >`SELECT id FROM "LtiScorePublish" WHERE id = ${publishId} FOR UPDATE`;
      if (!row) return "already-sent" as const;
      const publish = await tx.ltiScorePublish.findUniqueOrThrow({
        where: { id: publishId },
        include: { link: { include: { context: { include: { platform: true } } } } },
      });
      if (publish.sentTimestamp && publish.sentTimestamp >= publish.timestamp) return "already-sent" as const;
      const { platform } = publish.link.context;
      const lineItem = publish.link.lineItemUrl;
      if (!lineItem) return new ServiceError("the resource link has no line item", 400);
      const body = {
        userId: publish.sub,
        scoreGiven: publish.scoreGiven,
        scoreMaximum: publish.scoreMaximum,
        activityProgress: "Completed",
        gradingProgress: "FullyGraded",
        timestamp: publish.timestamp.toISOString(),
      };
      try {
        const post = async () =>
          send(scoresUrl(lineItem), {
            method: "POST",
            headers: {
              authorization: `Bearer ${await accessToken(platform, [AGS_SCOPES.score, AGS_SCOPES.lineItem])}`,
              "content-type": "application/vnd.ims.lis.v1.score+json",
            },
            body: JSON.stringify(body),
          });
        await post().catch(async (error: unknown) => {
          // An expired or revoked token: one more try with a fresh one.
          if (!(error instanceof ServiceError) || error.status !== 401) throw error;
          dropTokens(platform.id);
          return post();
        });
      } catch (error) {
        const failure = error instanceof ServiceError ? error : new ServiceError((error as Error).message, 0);
        await tx.ltiScorePublish.update({
          where: { id: publishId },
          data: {
            attempts: { increment: 1 },
            lastError: failure.message.slice(0, 1000),
            status: failure.permanent ? "FAILED" : "PENDING",
          },
        });
        return failure;
      }
      await tx.ltiScorePublish.update({
        where: { id: publishId },
        data: { sentTimestamp: publish.timestamp, status: "SENT", lastError: null, attempts: { increment: 1 } },
      });
      return "sent" as const;
    },
    { maxWait: 10_000, timeout: 60_000 },
  );
  if (outcome instanceof ServiceError) throw outcome;
  return outcome;
}
