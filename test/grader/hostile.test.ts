import { hostileSuite } from "./suites/hostile";

hostileSuite("runc");
