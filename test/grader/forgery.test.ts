import { forgerySuite } from "./suites/forgery";

forgerySuite("runc");
