async def query_all(db_names, query_db, limit=None):
    results = []
    for name in db_names:
        results.append(await query_db(name))
    return results
