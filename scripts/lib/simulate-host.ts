// The miniprogram-simulate renderer lives in test-support now; this path stays for specs written against it.
export * from '@tim-c2c/test-support/simulate'
