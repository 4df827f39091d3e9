import { describe, expect, it } from "vitest";
import { addDays, dayIn, timeIn } from "./day";

describe("the owner's calendar", () => {
  // 21:30 UTC on 7 December is already 8 December, 10:30, in Auckland.
  const at = new Date("2026-12-07T21:30:00Z");

  it("gives the day in the owner's zone, not UTC's", () => {
    expect(dayIn("Pacific/Auckland", at)).toBe("2026-12-08");
    expect(dayIn("Europe/London", at)).toBe("2026-12-07");
    expect(timeIn("Pacific/Auckland", at)).toBe("2026-12-08T10:30");
  });

  it("counts days across a month's end and a daylight-saving change", () => {
    expect(addDays("2026-12-08", 90)).toBe("2027-03-08");
    expect(addDays("2026-03-28", 1)).toBe("2026-03-29");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
  });
});
