import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class CityLookupDto {
  @ApiProperty({ example: "xi'an", description: 'A GB/T 2260 code or any spelling: 西安, 西安市, Xi’an, XIAN, 昆山.' })
  @IsString()
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(200)
  name!: string;
}
