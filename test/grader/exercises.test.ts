import { exerciseSuite } from "./suites/exercises";

exerciseSuite("runc");
