import { ValidationPipe, type Provider } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { HttpErrorFilter } from './errors/http-error.filter';

/** The filter and pipe every route runs behind, in the process and in the in-process tests. */
export const appGlobals: Provider[] = [
  { provide: APP_FILTER, useClass: HttpErrorFilter },
  {
    provide: APP_PIPE,
    useValue: new ValidationPipe({ whitelist: true, transform: true, forbidUnknownValues: true }),
  },
];
