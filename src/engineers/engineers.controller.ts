import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { EngineerDto } from './dto/engineer.dto';
import { EngineersService } from './engineers.service';
import { IdPipe } from '../common/id.pipe';

@ApiTags('engineers')
@ApiBearerAuth()
@Controller('api/engineers')
export class EngineersController {
  constructor(private readonly engineers: EngineersService) {}

  @Get()
  list() {
    return this.engineers.list();
  }

  @Get(':id')
  get(@Param('id', IdPipe) id: number) {
    return this.engineers.get(id);
  }

  @Post()
  create(@Body() body: EngineerDto) {
    return this.engineers.save(body);
  }

  @Put(':id')
  update(@Param('id', IdPipe) id: number, @Body() body: EngineerDto) {
    return this.engineers.save(body, id);
  }
}
