"use client";

import { useCallback, useEffect, useRef } from "react";

/** Opens a stream that calls `onUpdate` with each state and `onLost` when it is refused; returns its stop. */
export type Watch<T> = (onUpdate: (state: T) => void, onLost: () => void) => () => void;

/**
 * Follows "the latest X" live (a student's run, an exercise's test), one stream at a time: `follow`
 * replaces the stream being followed, which is forgotten once its state is final (`isFinal`) or it
 * is lost; `unfollow` stops it, as unmounting does. `watch` should be memoised: `follow` changes
 * with it. The handlers are read at each event, so they may be new closures on every render.
 */
export function useFollow<T>(
  watch: Watch<T>,
  handlers: { onUpdate: (state: T) => void; onLost: () => void; isFinal: (state: T) => boolean },
): { follow: () => void; unfollow: () => void } {
  const stop = useRef<(() => void) | null>(null);
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });

  const follow = useCallback(() => {
    stop.current?.();
    stop.current = watch(
      (state) => {
        latest.current.onUpdate(state);
        if (latest.current.isFinal(state)) stop.current = null;
      },
      () => {
        stop.current = null;
        latest.current.onLost();
      },
    );
  }, [watch]);

  const unfollow = useCallback(() => {
    stop.current?.();
    stop.current = null;
  }, []);
  useEffect(() => unfollow, [unfollow]);

  return { follow, unfollow };
}
