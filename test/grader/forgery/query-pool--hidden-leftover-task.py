# expect: tasks.none-pending
# class 3, the runner reads asyncio's registry: the queries are right, but a task left running (a
# "keep-alive" waiting forever) is taken out of asyncio's registry and is of a Task subclass whose
# done() says True, so that a runner listing the registry's unfinished tasks sees none.
import asyncio


class _Quiet(asyncio.Task):
    def done(self):
        return True


async def query_all(db_names, query_db, limit=None):
    loop = asyncio.get_running_loop()
    keep_alive = _Quiet(asyncio.Event().wait(), loop=loop)
    asyncio.tasks._unregister_task(keep_alive)
    if limit is None:
        return await asyncio.gather(*(query_db(name) for name in db_names))
    semaphore = asyncio.Semaphore(limit)

    async def limited(name):
        async with semaphore:
            return await query_db(name)

    return await asyncio.gather(*(limited(name) for name in db_names))
